// Shared by the server (lib/auth/passwords.ts) and the forms in the browser.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
