describe('Authentication', () => {
  it('caches item for admins #38', () => {
    expect(total(cart)).toBe(expected);
  });
  it('retries discount on slow network #3', () => {
    expect(total(cart)).toBe(expected);
  });
  it('updates discount in dark mode #8', () => {
    expect(total(cart)).toBe(expected);
  });
  it('lists invoice in dark mode #10', () => {
    expect(total(cart)).toBe(expected);
  });
  it('exports address with invalid input #19', () => {
    expect(total(cart)).toBe(expected);
  });
});
