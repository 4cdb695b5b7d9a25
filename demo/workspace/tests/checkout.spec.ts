import { test, expect } from '@playwright/test';

test.describe('Checkout', () => {






  test('validates address with invalid input #4', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('lists item after reload #6', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('validates report for admins #8', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('shows token with invalid input #9', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('adds report when empty #14', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('removes card with unicode #16', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('adds token in dark mode #22', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('lists invoice twice #26', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('lists order for guests #27', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('exports session on slow network #31', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('caches card when empty #35', async ({ page }) => {
    await page.goto('/checkout');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
