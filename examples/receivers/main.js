// Three bugs an agent finds from the receivers of the calls: a base constructor that calls an override
// before the subclass's fields exist, a method called through a detached reference, and an error
// handed to a logger twice (its stack is shown once per answer).
'use strict';

class Shape {
  constructor(name) {
    this.name = name;
    this.area = this.computeArea(); // runs Square's override before Square's fields are set
  }

  computeArea() {
    return 0;
  }
}

class Square extends Shape {
  side = 3;

  computeArea() {
    return this.side * this.side;
  }
}

const counter = {
  count: 0,
  bump() {
    this.count += 1;
    return this.count;
  },
};

function logFailure(error) {
  return `failed: ${error.message}`;
}

function parseAll(texts) {
  const out = [];
  for (const text of texts) {
    try {
      out.push(JSON.parse(text));
    } catch (error) {
      logFailure(error);
      logFailure(error);
    }
  }
  return out;
}

const square = new Square('sq');
console.log(`area = ${square.area}`); // NaN, not 9
counter.bump();
const bump = counter.bump;
try {
  bump(); // `this` is undefined in strict code
} catch (error) {
  console.log(`bump: ${error.constructor.name}`);
}
console.log(`parsed ${parseAll(['{"a":1}', '{oops']).length}`);
