describe('Profile', () => {
  describe('shipping', () => {
    it('retries session in dark mode #43', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Profile', () => {
  describe('validation', () => {
    it('updates token #21', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Profile', () => {
  it('validates user when empty #16', () => {
    expect(total(cart)).toBe(expected);
  });
  it('updates token in dark mode #18', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches card with unicode #22', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches token on slow network #32', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows report for guests #35', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows session in dark mode #36', () => {
    expect(total(cart)).toBe(expected);
  });
  it('filters user #44', () => {
    expect(total(cart)).toBe(expected);
  });
  it('updates discount when empty #46', () => {
    expect(total(cart)).toBe(expected);
  });
  it('removes order for admins #9', () => {
    expect(total(cart)).toBe(expected);
  });
});
