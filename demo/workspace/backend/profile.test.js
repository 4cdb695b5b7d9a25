describe('Profile', () => {
  it('validates coupon with invalid input #40', () => {
    expect(total(cart)).toBe(expected);
  });
  it('exports order with unicode #5', () => {
    expect(total(cart)).toBe(expected);
  });
  it('retries card for admins #11', () => {
    expect(total(cart)).toBe(expected);
  });
  it('filters report #21', () => {
    expect(total(cart)).toBe(expected);
  });
  it('adds discount with invalid input #24', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches invoice after reload #29', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows address for admins #32', () => {
    expect(total(cart)).toBe(expected);
  });
});
