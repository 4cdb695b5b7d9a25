describe('Checkout', () => {
  it('adds email #6', () => {
    expect(total(cart)).toBe(expected);
  });
  it('lists order for admins #7', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects email when empty #22', () => {
    expect(total(cart)).toBe(expected);
  });
  it('filters invoice with unicode #23', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects card twice #37', () => {
    expect(total(cart)).toBe(expected);
  });
});
