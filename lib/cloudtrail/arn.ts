/**
 * The resource part of an ARN (`user/ana`, `assumed-role/Role/session`), which tells principals apart
 * where the partition, service and account repeat. Anything that is not an ARN comes back as it is.
 */
export function arnResource(arn: string): string {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" ? parts.slice(5).join(":") : arn;
}
