describe('Authentication', () => {
  describe('shipping', () => {
    it('exports user in dark mode #45', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Authentication', () => {
  describe('totals', () => {
    it('retries email twice #6', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Authentication', () => {
  describe('validation', () => {
    it('sorts session with invalid input #48', () => {
      expect(total(cart)).toBe(expected);
    });
  });
});

describe('Authentication', () => {
  it('filters address twice #38', () => {
    expect(total(cart)).toBe(expected);
  });
  it('validates report with invalid input #42', () => {
    expect(total(cart)).toBe(expected);
  });
  it('validates session with unicode #47', () => {
    expect(total(cart)).toBe(expected);
  });
});
