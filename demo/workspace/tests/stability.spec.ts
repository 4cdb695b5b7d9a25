import { test, expect } from '@playwright/test';

test.describe('Stability', () => {






  test('checkout: applies a discount code', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('orders: shows the order history', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('search: filters results by price', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('login: signs in with SSO', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('profile: updates the shipping address', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('catalog: loads the product page', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('cart: removes an item from the cart', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('home: renders the home page', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('invoices: lists the invoices', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('wishlist: adds an item to the wishlist', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('settings: changes the language', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });



  test('reports: exports a report as CSV', async ({ page }) => {
    await page.goto('/stability');
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByTestId('status')).toHaveText('Order confirmed');
  });
});
