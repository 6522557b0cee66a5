// A variable held as two members of one object: its name in one (`name`, `Name`, `Key`, `ParameterKey`),
// its value in the other (`value`, `Value`, `ParameterValue`). Kubernetes and ECS env lists, SSM
// parameters, CloudFormation parameters and jQuery's serializeArray all hold secrets this way; the
// name member says what the value member is, as an object key would.

import type { KeyClass, KeyClassifier } from './key-names.js';

const NAME_MEMBERS: ReadonlySet<string> = new Set(['name', 'Name', 'key', 'Key', 'ParameterKey']);

/** True for a member that holds the value of a variable named by a sibling. */
export function isValueMember(k: string): boolean {
  return k === 'value' || k === 'Value' || k === 'ParameterValue';
}

export interface NamedVariable {
  /** The variable's name, as its name member holds it (`DB_PASSWORD`, `/prod/db/password`). */
  readonly name: string;
  readonly cls: KeyClass;
}

/**
 * The variable whose value `o`'s value member holds, when a sibling member names it with a secret
 * name; null otherwise. `names` are the object's first `n` keys; `read` returns a member's data value
 * without running user code (undefined for an accessor).
 */
export function namedVariable(names: readonly string[], n: number, read: (k: string) => unknown, keys: KeyClassifier): NamedVariable | null {
  for (let i = 0; i < n; i++) {
    if (!NAME_MEMBERS.has(names[i])) continue;
    const name = read(names[i]);
    if (typeof name !== 'string') continue;
    const cls = keys.classify(name);
    return cls === 'none' ? null : { name, cls };
  }
  return null;
}
