it('sorts item with unicode #1', () => {
  expect(total(cart)).toBe(expected);
});
it('removes email in dark mode #25', () => {
  expect(total(cart)).toBe(expected);
});
it('lists coupon with invalid input #28', () => {
  expect(total(cart)).toBe(expected);
});
