// CloudTrail puts a service's endpoint name in sourceIPAddress when the service made the call on the
// principal's behalf (a Bedrock agent calling Lambda, CloudFormation creating a bucket). The names below
// are the ones an analyst most often meets; any other *.amazonaws.com name is still an AWS service, only
// without a friendly name. A Map, so `constructor.amazonaws.com` finds nothing on Object's prototype.

const SERVICE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    "access-analyzer": "IAM Access Analyzer",
    apigateway: "Amazon API Gateway",
    athena: "Amazon Athena",
    autoscaling: "Amazon EC2 Auto Scaling",
    bedrock: "Amazon Bedrock",
    cloudformation: "AWS CloudFormation",
    cloudtrail: "AWS CloudTrail",
    codebuild: "AWS CodeBuild",
    config: "AWS Config",
    dynamodb: "Amazon DynamoDB",
    ec2: "Amazon EC2",
    ecs: "Amazon ECS",
    eks: "Amazon EKS",
    elasticloadbalancing: "Elastic Load Balancing",
    events: "Amazon EventBridge",
    glue: "AWS Glue",
    guardduty: "Amazon GuardDuty",
    iam: "AWS IAM",
    kms: "AWS KMS",
    lambda: "AWS Lambda",
    logs: "Amazon CloudWatch Logs",
    monitoring: "Amazon CloudWatch",
    organizations: "AWS Organizations",
    rds: "Amazon RDS",
    s3: "Amazon S3",
    sagemaker: "Amazon SageMaker",
    secretsmanager: "AWS Secrets Manager",
    securityhub: "AWS Security Hub",
    signin: "AWS Sign-In",
    sso: "AWS IAM Identity Center",
    ssm: "AWS Systems Manager",
    states: "AWS Step Functions",
    sts: "AWS STS",
  }),
);

const SUFFIX = ".amazonaws.com";
/** Lower-case DNS labels before the suffix: `bedrock`, `resource-explorer-2`, `ec2-frontend-api`. */
const SERVICE_HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.amazonaws\.com$/;

/** The host name, lower-cased, when `value` is an AWS service endpoint name; otherwise null. */
export function awsServiceHost(value: string): string | null {
  if (value.length > 253) return null;
  const host = value.toLowerCase();
  return SERVICE_HOST.test(host) ? host : null;
}

/** "Amazon Bedrock" for bedrock.amazonaws.com; null for a service without a name here. */
export function awsServiceName(host: string): string | null {
  return SERVICE_NAMES.get(host.slice(0, -SUFFIX.length)) ?? null;
}
