import { test, expect } from '@playwright/test';

test.describe('Profile', () => {






  test('adds address #1', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('removes item for admins #3', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('caches user for guests #21', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('shows coupon #23', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('caches email on slow network #28', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('adds report #34', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('caches user when empty #36', async ({ page }) => {
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
