it('caches address when empty #25', () => {
  expect(total(cart)).toBe(expected);
});
it('sorts card twice #29', () => {
  expect(total(cart)).toBe(expected);
});
it('shows order with invalid input #41', () => {
  expect(total(cart)).toBe(expected);
});
