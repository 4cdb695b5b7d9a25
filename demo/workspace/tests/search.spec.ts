import { test, expect } from '@playwright/test';

test.describe('Search', () => {






  test('caches coupon with invalid input #29', async ({ page }) => {
    await page.goto('/search');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('rejects token for guests #30', async ({ page }) => {
    await page.goto('/search');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('caches item on slow network #33', async ({ page }) => {
    await page.goto('/search');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
