/** `Basic base64(user:password)`, UTF-8 safe (btoa alone takes Latin-1 only). */
export function basicAuthorization(username: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
