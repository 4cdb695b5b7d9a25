describe('Cart', () => {
  describe('shipping', () => {
    it('rejects invoice when empty #40', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Cart', () => {
  describe('totals', () => {
    it('rejects session with invalid input #19', () => {
      expect(total(cart)).toBe(expected);
    });
    it('validates email for admins #26', () => {
      expect(total(cart)).toBe(expected);
    });
    it('validates report twice #11', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Cart', () => {
  it('removes card when empty #24', () => {
    expect(total(cart)).toBe(expected);
  });
});
