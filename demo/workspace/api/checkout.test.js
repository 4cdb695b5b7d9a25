describe('Checkout', () => {
  describe('shipping', () => {
    it('updates card with unicode #14', () => {
      expect(total(cart)).toBe(expected);
    });
    it('sorts coupon with invalid input #1', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Checkout', () => {
  describe('totals', () => {
    it('filters session after reload #34', () => {
      expect(total(cart)).toBe(expected);
    });
    it('sorts session #39', () => {
      expect(total(cart)).toBe(expected);
    });
    it('sorts discount for guests #10', () => {
      expect(total(cart)).toBe(expected);
    });
    it('retries address after reload #12', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Checkout', () => {
  it('caches token for admins #7', () => {
    expect(total(cart)).toBe(expected);
  });
});
