import { test, expect } from '@playwright/test';

test.describe('Cart', () => {






  test('adds coupon after reload #5', async ({ page }) => {
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('filters invoice for admins #13', async ({ page }) => {
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('validates coupon for admins #15', async ({ page }) => {
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
