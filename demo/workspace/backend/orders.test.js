describe('Orders', () => {
  it('shows invoice #39', () => {
    expect(total(cart)).toBe(expected);
  });
  it('updates token on slow network #12', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows invoice on slow network #13', () => {
    expect(total(cart)).toBe(expected);
  });
  it('validates token #16', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches order #20', () => {
    expect(total(cart)).toBe(expected);
  });
  it('sorts user for admins #27', () => {
    expect(total(cart)).toBe(expected);
  });
  it('shows email with invalid input #31', () => {
    expect(total(cart)).toBe(expected);
  });
  it('filters order twice #35', () => {
    expect(total(cart)).toBe(expected);
  });
  it('caches discount in dark mode #36', () => {
    expect(total(cart)).toBe(expected);
  });
});
