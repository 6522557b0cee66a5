"use strict";
var __runInitializers = (this && this.__runInitializers) || function (thisArg, initializers, value) {
    var useValue = arguments.length > 2;
    for (var i = 0; i < initializers.length; i++) {
        value = useValue ? initializers[i].call(thisArg, value) : initializers[i].call(thisArg);
    }
    return useValue ? value : void 0;
};
var __esDecorate = (this && this.__esDecorate) || function (ctor, descriptorIn, decorators, contextIn, initializers, extraInitializers) {
    function accept(f) { if (f !== void 0 && typeof f !== "function") throw new TypeError("Function expected"); return f; }
    var kind = contextIn.kind, key = kind === "getter" ? "get" : kind === "setter" ? "set" : "value";
    var target = !descriptorIn && ctor ? contextIn["static"] ? ctor : ctor.prototype : null;
    var descriptor = descriptorIn || (target ? Object.getOwnPropertyDescriptor(target, contextIn.name) : {});
    var _, done = false;
    for (var i = decorators.length - 1; i >= 0; i--) {
        var context = {};
        for (var p in contextIn) context[p] = p === "access" ? {} : contextIn[p];
        for (var p in contextIn.access) context.access[p] = contextIn.access[p];
        context.addInitializer = function (f) { if (done) throw new TypeError("Cannot add initializers after decoration has completed"); extraInitializers.push(accept(f || null)); };
        var result = (0, decorators[i])(kind === "accessor" ? { get: descriptor.get, set: descriptor.set } : descriptor[key], context);
        if (kind === "accessor") {
            if (result === void 0) continue;
            if (result === null || typeof result !== "object") throw new TypeError("Object expected");
            if (_ = accept(result.get)) descriptor.get = _;
            if (_ = accept(result.set)) descriptor.set = _;
            if (_ = accept(result.init)) initializers.unshift(_);
        }
        else if (_ = accept(result)) {
            if (kind === "field") initializers.unshift(_);
            else descriptor[key] = _;
        }
    }
    if (target) Object.defineProperty(target, contextIn.name, descriptor);
    done = true;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TodoList = exports.Todo = void 0;
// mobx-decorators (compiled TypeScript 5: standard TC39 decorators via __esDecorate /
// __runInitializers helpers, class auto-accessors (private fields + get/set),
// static blocks, static private fields, @flow generators): a todo list driven
// by seeded edits, with autorun/reaction output digested.
// Standard (TC39 2023) decorators as TypeScript 5 compiles them for mobx 6.1+/7.
const mobx_1 = require("mobx");
let Todo = (() => {
    let _instanceExtraInitializers = [];
    let _title_decorators;
    let _title_initializers = [];
    let _title_extraInitializers = [];
    let _done_decorators;
    let _done_initializers = [];
    let _done_extraInitializers = [];
    let _tags_decorators;
    let _tags_initializers = [];
    let _tags_extraInitializers = [];
    let _get_label_decorators;
    let _toggle_decorators;
    let _tag_decorators;
    let _rename_decorators;
    return class Todo {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _title_decorators = [mobx_1.observable];
            _done_decorators = [mobx_1.observable];
            _tags_decorators = [mobx_1.observable];
            _get_label_decorators = [mobx_1.computed];
            _toggle_decorators = [mobx_1.action];
            _tag_decorators = [mobx_1.action];
            _rename_decorators = [mobx_1.flow];
            __esDecorate(this, null, _title_decorators, { kind: "accessor", name: "title", static: false, private: false, access: { has: obj => "title" in obj, get: obj => obj.title, set: (obj, value) => { obj.title = value; } }, metadata: _metadata }, _title_initializers, _title_extraInitializers);
            __esDecorate(this, null, _done_decorators, { kind: "accessor", name: "done", static: false, private: false, access: { has: obj => "done" in obj, get: obj => obj.done, set: (obj, value) => { obj.done = value; } }, metadata: _metadata }, _done_initializers, _done_extraInitializers);
            __esDecorate(this, null, _tags_decorators, { kind: "accessor", name: "tags", static: false, private: false, access: { has: obj => "tags" in obj, get: obj => obj.tags, set: (obj, value) => { obj.tags = value; } }, metadata: _metadata }, _tags_initializers, _tags_extraInitializers);
            __esDecorate(this, null, _get_label_decorators, { kind: "getter", name: "label", static: false, private: false, access: { has: obj => "label" in obj, get: obj => obj.label }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _toggle_decorators, { kind: "method", name: "toggle", static: false, private: false, access: { has: obj => "toggle" in obj, get: obj => obj.toggle }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _tag_decorators, { kind: "method", name: "tag", static: false, private: false, access: { has: obj => "tag" in obj, get: obj => obj.tag }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _rename_decorators, { kind: "method", name: "rename", static: false, private: false, access: { has: obj => "rename" in obj, get: obj => obj.rename }, metadata: _metadata }, null, _instanceExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
        }
        static #count = 0;
        #title_accessor_storage = (__runInitializers(this, _instanceExtraInitializers), __runInitializers(this, _title_initializers, void 0));
        get title() { return this.#title_accessor_storage; }
        set title(value) { this.#title_accessor_storage = value; }
        #done_accessor_storage = (__runInitializers(this, _title_extraInitializers), __runInitializers(this, _done_initializers, false));
        get done() { return this.#done_accessor_storage; }
        set done(value) { this.#done_accessor_storage = value; }
        #tags_accessor_storage = (__runInitializers(this, _done_extraInitializers), __runInitializers(this, _tags_initializers, []));
        get tags() { return this.#tags_accessor_storage; }
        set tags(value) { this.#tags_accessor_storage = value; }
        id = __runInitializers(this, _tags_extraInitializers);
        constructor(title) {
            this.id = ++Todo.#count;
            this.title = title;
        }
        get label() { return `${this.done ? '[x]' : '[ ]'} ${this.title}${this.tags.length ? ` #${this.tags.join(' #')}` : ''}`; }
        toggle() { this.done = !this.done; }
        tag(t) { if (!this.tags.includes(t))
            this.tags.push(t); }
        *rename(to) {
            const n = yield Promise.resolve(to.length);
            this.title = `${to}(${n})`;
            return this.title;
        }
    };
})();
exports.Todo = Todo;
let TodoList = (() => {
    let _instanceExtraInitializers = [];
    let _todos_decorators;
    let _todos_initializers = [];
    let _todos_extraInitializers = [];
    let _filter_decorators;
    let _filter_initializers = [];
    let _filter_extraInitializers = [];
    let _get_visible_decorators;
    let _get_summary_decorators;
    let _add_decorators;
    let _remove_decorators;
    let _setFilter_decorators;
    return class TodoList {
        static {
            const _metadata = typeof Symbol === "function" && Symbol.metadata ? Object.create(null) : void 0;
            _todos_decorators = [mobx_1.observable];
            _filter_decorators = [mobx_1.observable];
            _get_visible_decorators = [mobx_1.computed];
            _get_summary_decorators = [mobx_1.computed];
            _add_decorators = [mobx_1.action];
            _remove_decorators = [mobx_1.action];
            _setFilter_decorators = [mobx_1.action];
            __esDecorate(this, null, _todos_decorators, { kind: "accessor", name: "todos", static: false, private: false, access: { has: obj => "todos" in obj, get: obj => obj.todos, set: (obj, value) => { obj.todos = value; } }, metadata: _metadata }, _todos_initializers, _todos_extraInitializers);
            __esDecorate(this, null, _filter_decorators, { kind: "accessor", name: "filter", static: false, private: false, access: { has: obj => "filter" in obj, get: obj => obj.filter, set: (obj, value) => { obj.filter = value; } }, metadata: _metadata }, _filter_initializers, _filter_extraInitializers);
            __esDecorate(this, null, _get_visible_decorators, { kind: "getter", name: "visible", static: false, private: false, access: { has: obj => "visible" in obj, get: obj => obj.visible }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _get_summary_decorators, { kind: "getter", name: "summary", static: false, private: false, access: { has: obj => "summary" in obj, get: obj => obj.summary }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _add_decorators, { kind: "method", name: "add", static: false, private: false, access: { has: obj => "add" in obj, get: obj => obj.add }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _remove_decorators, { kind: "method", name: "remove", static: false, private: false, access: { has: obj => "remove" in obj, get: obj => obj.remove }, metadata: _metadata }, null, _instanceExtraInitializers);
            __esDecorate(this, null, _setFilter_decorators, { kind: "method", name: "setFilter", static: false, private: false, access: { has: obj => "setFilter" in obj, get: obj => obj.setFilter }, metadata: _metadata }, null, _instanceExtraInitializers);
            if (_metadata) Object.defineProperty(this, Symbol.metadata, { enumerable: true, configurable: true, writable: true, value: _metadata });
        }
        #todos_accessor_storage = (__runInitializers(this, _instanceExtraInitializers), __runInitializers(this, _todos_initializers, []));
        get todos() { return this.#todos_accessor_storage; }
        set todos(value) { this.#todos_accessor_storage = value; }
        #filter_accessor_storage = (__runInitializers(this, _todos_extraInitializers), __runInitializers(this, _filter_initializers, 'all'));
        get filter() { return this.#filter_accessor_storage; }
        set filter(value) { this.#filter_accessor_storage = value; }
        get visible() { return this.todos.filter((t) => this.filter === 'all' || (this.filter === 'done') === t.done); }
        get summary() { return `${this.todos.filter((t) => t.done).length}/${this.todos.length}`; }
        add(title) { const t = new Todo(title); this.todos.push(t); return t; }
        remove(t) { this.todos.splice(this.todos.indexOf(t), 1); }
        setFilter(f) { this.filter = f; }
        constructor() {
            __runInitializers(this, _filter_extraInitializers);
        }
    };
})();
exports.TodoList = TodoList;
// ---- the driver: seeded edits to a todo list, reactions recording what they saw
const mobx_2 = require("mobx");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');
async function main() {
    const d = new Digest('mobx-decorators');
    const rand = prng(2468);
    const list = new TodoList();
    const seen = [];
    const stop = (0, mobx_2.autorun)(() => { seen.push(`${list.summary}|${list.visible.length}|${list.filter}`); });
    const stop2 = (0, mobx_2.reaction)(() => list.todos.map((t) => t.label).join(';'), (labels) => seen.push(`labels:${labels.length}`));
    const words = ['milk', 'bread', 'code', 'run', 'read'];
    for (let i = 0; i < 1200; i++) {
        const r = rand();
        const todos = list.todos;
        const pickTodo = () => todos[Math.floor(rand() * todos.length)];
        if (r < 0.3 || todos.length === 0)
            list.add(`${words[Math.floor(rand() * words.length)]} ${i}`);
        else if (r < 0.55)
            pickTodo().toggle();
        else if (r < 0.7)
            pickTodo().tag(words[Math.floor(rand() * words.length)]);
        else if (r < 0.78)
            list.remove(pickTodo());
        else if (r < 0.85)
            list.setFilter(['all', 'done', 'open'][Math.floor(rand() * 3)]);
        else if (r < 0.9)
            d.add(`renamed:${i}`, await pickTodo().rename(`r${i}`));
        else
            (0, mobx_2.runInAction)(() => { for (const t of list.todos)
                if (t.done)
                    t.tags = []; });
        if (i % 100 === 0)
            d.add(`snap:${i}`, (0, mobx_2.toJS)(list.todos).map((t) => [t.id, t.title, t.done, t.tags]));
    }
    stop();
    stop2();
    d.add('seen', seen);
    d.add('labels', list.todos.map((t) => t.label));
    const t0 = list.todos[0];
    d.add('introspect', [(0, mobx_2.isObservableProp)(t0, 'title'), (0, mobx_2.isComputedProp)(t0, 'label'), (0, mobx_2.isAction)(t0.toggle), typeof Object.getOwnPropertyDescriptor(Todo.prototype, 'title')?.get, Todo.name, TodoList.name, t0.toggle.name, t0.rename.name]);
    // an action outside a reaction that throws keeps the state consistent
    let frames = [];
    try {
        (0, mobx_2.runInAction)(() => { list.todos[0].title = 'changed'; throw new SyntaxError('action aborted'); });
    }
    catch (e) {
        frames = stackLines(e);
        d.add('thrown', [e.message, list.todos[0].title]);
        console.log(`${e.name}: ${e.message}`);
    }
    d.print({ todos: list.todos.length, seen: seen.length });
    printStackLines(frames);
}
main().catch((e) => { console.error(e); process.exit(1); });
