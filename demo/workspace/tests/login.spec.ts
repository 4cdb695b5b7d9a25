import { test, expect } from '@playwright/test';

test.describe('Authentication', () => {






  test('removes invoice for admins #10', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects email in dark mode #11', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('exports token for admins #12', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects discount in dark mode #17', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('adds invoice for admins #20', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('removes token twice #25', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
