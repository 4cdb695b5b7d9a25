describe('Cart', () => {
  it('caches address twice #14', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects token for admins #15', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches session when empty #18', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows user when empty #26', () => {
    expect(total(cart)).toBe(expected);
  });
  it('adds coupon with invalid input #30', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects item #33', () => {
    expect(total(cart)).toBe(expected);
  });
});
