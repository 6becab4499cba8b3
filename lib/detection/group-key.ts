// The identity a match is grouped under (DOMAIN.md §1): the principal ARN, else the access key id, else
// the user name. Console CSV rows, for one, may carry only a key.

export const UNKNOWN_PRINCIPAL = "(unknown principal)";

export function groupKeyOf(event: {
  principalArn: string | null;
  accessKeyId: string | null;
  principalName: string | null;
}): string {
  return event.principalArn ?? event.accessKeyId ?? event.principalName ?? UNKNOWN_PRINCIPAL;
}
