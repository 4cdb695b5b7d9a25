import { test, expect } from '@playwright/test';

test.describe('Orders', () => {






  test('retries card with unicode #2', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects token with invalid input #7', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects item on slow network #18', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('adds token for guests #19', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects card twice #24', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects card on slow network #32', async ({ page }) => {
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
