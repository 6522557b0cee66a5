// A variable held as two members of one object: its name in one (`name`, `Name`, `Key`, `ParameterKey`),
// its value in a later one (`value`, `Value`, `ParameterValue`). Kubernetes and ECS env lists, SSM
// parameters, CloudFormation parameters and jQuery's serializeArray all hold secrets this way, the name
// first; the name member says what the value member is, as an object key would. Walkers remember the
// name member as they pass it, so an object without one costs a flag test per key.

/** True for a member that may hold the name of a variable whose value a later sibling holds. */
export function isNameMember(k: string): boolean {
  // `type` too: Keycloak's credential representations (`{type: 'password', value, temporary}`), form field descriptors
  return k === 'name' || k === 'Name' || k === 'key' || k === 'Key' || k === 'ParameterKey' || k === 'type';
}

/** True for a member that holds the value of a variable named by an earlier sibling. */
export function isValueMember(k: string): boolean {
  return k === 'value' || k === 'Value' || k === 'ParameterValue';
}

/**
 * Members in which an object named as a secret holds the secret itself: form state (`password: {value,
 * touched}`), token pairs (`token: {access, refresh}`). Only plain objects, only under a secret name.
 */
export function holdsParentSecret(k: string): boolean {
  return k === 'value' || k === 'Value' || k === 'access' || k === 'refresh';
}

/** Keys shorter than this hold no provider token (the shortest is 16 characters): they are shown as they are. */
export const SCANNED_KEY_LENGTH = 16;

/**
 * The key to show for `shown` (a redacted key's text) when `taken` says which keys an object has shown
 * already: two tokens used as keys both become `[REDACTED:…]`, and the second must not replace the first.
 */
export function uniqueKey(shown: string, taken: (k: string) => boolean): string {
  if (!taken(shown)) return shown;
  let n = 2;
  while (taken(`${shown} (${n})`)) n++;
  return `${shown} (${n})`;
}
