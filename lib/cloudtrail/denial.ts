// Which error codes mean "the caller was not allowed": an explicit authorisation failure, as opposed to
// a call that failed for another reason (ValidationException, NoSuch…, throttling). The investigation
// views count these as denied. Services spell it differently: AccessDenied (S3, IAM), AccessDeniedException
// (Bedrock, most JSON APIs), Client.UnauthorizedOperation (EC2), VpceAccessDenied, NotAuthorizedException
// (Cognito), AuthorizationError (SNS), Forbidden…
//
// One pattern, used as a JavaScript RegExp and as a PostgreSQL regular expression (`error_code ~ …`):
// it uses only syntax both read the same way.

export const DENIAL_PATTERN =
  "(AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|AuthorizationError|Forbidden)";

const denial = new RegExp(DENIAL_PATTERN);

export function isDenied(errorCode: string | null | undefined): boolean {
  return typeof errorCode === "string" && denial.test(errorCode);
}
