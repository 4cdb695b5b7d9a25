describe('Orders', () => {
  describe('totals', () => {
    it('exports email in dark mode #33', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Orders', () => {
  describe('validation', () => {
    it('filters order #37', () => {
      expect(total(cart)).toBe(expected);
    });
    it('retries coupon on slow network #3', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Orders', () => {
  it('exports item when empty #23', () => {
    expect(total(cart)).toBe(expected);
  });
  it('sorts report twice #27', () => {
    expect(total(cart)).toBe(expected);
  });
  it('adds order with invalid input #31', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches session #2', () => {
    expect(total(cart)).toBe(expected);
  });
  it('rejects email for admins #5', () => {
    expect(total(cart)).toBe(expected);
  });
  it('validates order for admins #13', () => {
    expect(total(cart)).toBe(expected);
  });
});
