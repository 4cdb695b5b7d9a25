describe('Search', () => {
  it('adds email on slow network #2', () => {
    expect(total(cart)).toBe(expected);
  });
  it('retries order in dark mode #4', () => {
    expect(total(cart)).toBe(expected);
  });
  it('removes email on slow network #9', () => {
    expect(total(cart)).toBe(expected);
  });
  it('retries order on slow network #17', () => {
    expect(total(cart)).toBe(expected);
  });
  it('adds invoice with invalid input #34', () => {
    expect(total(cart)).toBe(expected);
  });
});
