'use strict';
// class-transformer + class-validator + reflect-metadata (CJS; decorators as
// TypeScript compiles them: __decorate / __metadata / __param helpers calling
// Reflect.decorate and Reflect.metadata, design:type metadata, a metadata
// storage singleton, nested @Type() classes, @Expose/@Exclude/@Transform
// groups and versions, sync and async validation with custom constraint
// classes, validation groups, nested arrays): seeded DTOs from plain objects,
// validated and serialized back, with the error trees digested.
require('reflect-metadata');
const ct = require('class-transformer');
const cv = require('class-validator');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

// --- the helpers tsc emits for experimentalDecorators + emitDecoratorMetadata
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};

const rand = prng(60606);
const d = new Digest('class-validator');
const { Type, Expose, Exclude, Transform, plainToInstance, instanceToPlain, instanceToInstance, classToClassFromExist, serialize, deserializeArray } = ct;
const V = cv;

// a custom sync constraint and an async one (checks a "database" after a tick)
let IsSlug = class IsSlug {
    validate(value) { return typeof value === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value); }
    defaultMessage(args) { return `${args.property} "${args.value}" is not a slug`; }
};
IsSlug = __decorate([V.ValidatorConstraint({ name: 'isSlug', async: false })], IsSlug);
const taken = new Set(['admin', 'root', 'taken-1']);
let IsFreeName = class IsFreeName {
    async validate(value) { await new Promise((r) => setImmediate(r)); return !taken.has(value); }
    defaultMessage() { return '$property $value is already taken'; }
};
IsFreeName = __decorate([V.ValidatorConstraint({ name: 'isFreeName', async: true })], IsFreeName);

// a decorator factory of our own, as libraries write them
function IsLongerThan(property, options) {
    return function (object, propertyName) {
        V.registerDecorator({
            name: 'isLongerThan', target: object.constructor, propertyName, constraints: [property], options,
            validator: { validate(value, args) { const related = args.object[args.constraints[0]]; return typeof value === 'string' && typeof related === 'string' && value.length > related.length; } },
        });
    };
}

class Address {
    toString() { return `${this.street}, ${this.city}`; }
}
__decorate([V.IsString(), V.Length(3, 40), __metadata("design:type", String)], Address.prototype, "street", void 0);
__decorate([V.IsIn(['Oslo', 'Lima', 'Pune', 'Kyiv']), __metadata("design:type", String)], Address.prototype, "city", void 0);
__decorate([V.IsOptional(), V.IsPostalCode('any'), __metadata("design:type", String)], Address.prototype, "zip", void 0);

class Tag {
    constructor(label) { this.label = label; }
}
__decorate([V.IsString(), V.Validate(IsSlug), __metadata("design:type", String)], Tag.prototype, "label", void 0);

const paramMarks = [];
let User = class User {
    constructor(id) { this.id = id; this.createdDay = 0; }
    get displayName() { return `${this.firstName} ${this.lastName}`.trim(); }
    isAdult() { return this.age >= 18; }
};
__decorate([Expose(), V.IsInt(), V.Min(1), __metadata("design:type", Number)], User.prototype, "id", void 0);
__decorate([Expose(), V.IsString(), V.MinLength(2, { message: 'first name too short: $value' }), __metadata("design:type", String)], User.prototype, "firstName", void 0);
__decorate([Expose(), V.IsString(), IsLongerThan('firstName', { message: 'lastName must be longer than firstName', groups: ['strict'] }), __metadata("design:type", String)], User.prototype, "lastName", void 0);
__decorate([Expose(), V.IsEmail(), __metadata("design:type", String)], User.prototype, "email", void 0);
__decorate([Expose(), V.IsInt(), V.Min(0), V.Max(130), Transform(({ value }) => (typeof value === 'string' ? parseInt(value, 10) : value)), __metadata("design:type", Number)], User.prototype, "age", void 0);
__decorate([Expose(), V.Validate(IsFreeName), V.Matches(/^[a-z][a-z0-9-]*$/), __metadata("design:type", String)], User.prototype, "username", void 0);
__decorate([Expose(), V.ValidateNested(), Type(() => Address), __metadata("design:type", Address)], User.prototype, "address", void 0);
__decorate([Expose(), V.IsArray(), V.ArrayMaxSize(4), V.ValidateNested({ each: true }), Type(() => Tag), __metadata("design:type", Array)], User.prototype, "tags", void 0);
__decorate([Exclude({ toPlainOnly: true }), V.IsOptional(), V.IsStrongPassword({ minLength: 8 }), __metadata("design:type", String)], User.prototype, "password", void 0);
__decorate([Expose({ since: 2 }), V.IsOptional(), V.IsUrl(), __metadata("design:type", String)], User.prototype, "homepage", void 0);
__decorate([Expose({ groups: ['admin'] }), V.IsOptional(), V.IsBoolean(), __metadata("design:type", Boolean)], User.prototype, "isStaff", void 0);
__decorate([Expose(), Type(() => Date), Transform(({ value }) => (value instanceof Date ? value.toISOString().slice(0, 10) : value), { toPlainOnly: true }), __metadata("design:type", Date)], User.prototype, "joined", void 0);
__decorate([Expose(), __metadata("design:type", String), __metadata("design:paramtypes", [])], User.prototype, "displayName", null);
User = __decorate([__param(0, (t, k, i) => { paramMarks.push(`${t.name}:${String(k)}:${i}`); }), __metadata("design:paramtypes", [Number])], User);

// reflect-metadata as a library: what tsc's metadata says about the class
d.add('reflect', {
    params: (Reflect.getMetadata('design:paramtypes', User) || []).map((f) => f.name),
    props: ['id', 'firstName', 'address', 'tags', 'joined', 'displayName'].map((k) => `${k}:${(Reflect.getMetadata('design:type', User.prototype, k) || {}).name}`),
    keys: Reflect.getMetadataKeys(User.prototype, 'address'),
    own: Reflect.hasOwnMetadata('design:type', User.prototype, 'id'),
});
class Base {}
Reflect.defineMetadata('role', 'base', Base);
class Derived extends Base {}
Reflect.defineMetadata('role', 'derived', Derived.prototype, 'm');
d.add('reflectChain', [Reflect.getMetadata('role', Derived), Reflect.getOwnMetadata('role', Derived) ?? null, Reflect.getMetadata('role', Derived.prototype, 'm'), Reflect.deleteMetadata('role', Base), Reflect.getMetadata('role', Derived) ?? null]);

const pick = (xs) => xs[Math.floor(rand() * xs.length)];
function plainUser(i) {
    const bad = rand() < 0.4;
    return {
        id: bad && rand() < 0.2 ? -i : i + 1,
        firstName: pick(['Al', 'B', 'Carla', 'Dmitri', '']),
        lastName: pick(['Ng', 'Okafor', 'Smith-Jones', 'X']),
        email: bad && rand() < 0.3 ? `user${i}@` : `user${i}@example.com`,
        age: rand() < 0.2 ? String(Math.floor(rand() * 150)) : Math.floor(rand() * 150),
        username: pick(['admin', 'neo', 'trinity-2', 'Root', 'taken-1', `u${i}`]),
        address: { street: rand() < 0.1 ? 'St' : `${i} Main Street`, city: pick(['Oslo', 'Lima', 'Paris']), zip: rand() < 0.3 ? 'ABC 123' : undefined },
        tags: Array.from({ length: Math.floor(rand() * 6) }, () => pick(['ok', 'two-words', 'Bad Tag', 'x--y'])).map((label) => ({ label })),
        password: rand() < 0.5 ? 'weak' : 'Str0ng!Passw0rd',
        homepage: rand() < 0.5 ? 'https://example.com/~u' : 'not a url',
        isStaff: rand() < 0.5,
        joined: `2021-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}T00:00:00Z`,
        extra: 'dropped with excludeExtraneousValues',
    };
}

function flatten(errors, prefix = '') {
    const out = [];
    for (const e of errors) {
        const p = prefix ? `${prefix}.${e.property}` : e.property;
        if (e.constraints) out.push(`${p}: ${Object.keys(e.constraints).sort().map((k) => `${k}=${e.constraints[k]}`).join(' | ')}`);
        if (e.children && e.children.length) out.push(...flatten(e.children, p));
    }
    return out;
}

async function main() {
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 300; i++) {
        const plain = plainUser(i);
        const user = plainToInstance(User, plain, { excludeExtraneousValues: rand() < 0.5, version: rand() < 0.5 ? 1 : 2 });
        const syncErrors = V.validateSync(user, { skipMissingProperties: false, forbidUnknownValues: true, validationError: { target: false } });
        const groupErrors = await V.validate(user, { groups: ['strict'], always: true, strictGroups: false });
        const asyncErrors = await V.validate(user, { stopAtFirstError: i % 2 === 0 });
        if (asyncErrors.length) invalid++; else valid++;
        d.add(`user:${i}`, {
            instance: user instanceof User, address: user.address instanceof Address, addr: String(user.address), tags: (user.tags || []).map((t) => t instanceof Tag),
            name: user.displayName, adult: user.isAdult(),
            sync: flatten(syncErrors), groups: flatten(groupErrors), async: flatten(asyncErrors),
            plain: instanceToPlain(user, { groups: i % 3 === 0 ? ['admin'] : [], version: 2 }),
            clone: instanceToInstance(user) instanceof User,
        });
    }
    // serialize / deserialize arrays, class-to-existing-instance
    const users = [1, 2, 3].map((i) => plainToInstance(User, plainUser(i)));
    const json = serialize(users);
    d.add('serialize', json);
    d.add('deserialize', deserializeArray(User, json).map((u) => [u.constructor.name, u.address && u.address.constructor.name]));
    const existing = new User(99);
    classToClassFromExist(users[0], existing);
    d.add('fromExist', [existing.id, existing.firstName]);
    // standalone validation functions
    d.add('fns', [V.isEmail('a@b.co'), V.isUUID('not'), V.isISO8601('2020-01-01'), V.isJSON('{"a":1}'), V.isIP('::1'), V.matches('abc', /b/), V.isLatLong('10,20')]);
    // validateOrReject throws (rejects with) the error array
    try {
        await V.validateOrReject(plainToInstance(User, { id: 0, tags: 'x' }));
    } catch (errs) {
        d.add('reject', flatten(errs));
        console.log(`rejected with ${errs.length} errors`);
    }
    // a constraint class that throws is an exception out of validate()
    let ThrowsSometimes = class ThrowsSometimes { validate(v) { if (v === 'explode') throw new TypeError(`constraint exploded on ${v}`); return true; } };
    ThrowsSometimes = __decorate([V.ValidatorConstraint({ name: 'throws' })], ThrowsSometimes);
    class Boom {}
    __decorate([V.Validate(ThrowsSometimes), __metadata("design:type", String)], Boom.prototype, "v", void 0);
    const boom = new Boom();
    boom.v = 'explode';
    let frames = [];
    try {
        await V.validate(boom);
    } catch (e) {
        frames = stackLines(e);
        d.add('boom', `${e.name}: ${e.message}`);
        console.log(`${e.name}: ${e.message}`);
    }
    d.add('paramMarks', paramMarks);
    d.print({ valid, invalid });
    printStackLines(frames);
}
main().catch((e) => { console.error(e); process.exit(1); });
