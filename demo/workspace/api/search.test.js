describe('Search', () => {
  describe('validation', () => {
    it('retries user after reload #20', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Search', () => {
  it('removes order on slow network #15', () => {
    expect(total(cart)).toBe(expected);
  });
  it('lists discount with invalid input #17', () => {
    expect(total(cart)).toBe(expected);
  });
  it('lists card with invalid input #28', () => {
    expect(total(cart)).toBe(expected);
  });
  it('removes email after reload #30', () => {
    expect(total(cart)).toBe(expected);
  });
  it('filters order for admins #4', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects card in dark mode #8', () => {
    expect(total(cart)).toBe(expected);
  });
});
