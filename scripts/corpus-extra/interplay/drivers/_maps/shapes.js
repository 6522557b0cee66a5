(function() {
  // CoffeeScript classes, comprehensions and a thrown error, compiled at load time
  // (coffeescript/register) and ahead of time with source maps (../_maps/).
  var Circle, Shape, Square, fail, total;

  Shape = class Shape {
    constructor(name) {
      this.name = name;
    }

    area() {
      throw new Error(`${this.name} has no area`);
    }

    describe() {
      return `${this.name}: ${this.area().toFixed(2)}`;
    }

  };

  Square = class Square extends Shape {
    constructor(side) {
      super('square');
      this.side = side;
    }

    area() {
      return this.side * this.side;
    }

  };

  Circle = class Circle extends Shape {
    constructor(r) {
      super('circle');
      this.r = r;
    }

    area() {
      return Math.PI * this.r * this.r;
    }

  };

  fail = function(what) {
    var inner;
    inner = function() {
      throw new TypeError(`cannot ${what}`);
    };
    return inner();
  };

  total = function(shapes) {
    var s;
    return ((function() {
      var i, len, results;
      results = [];
      for (i = 0, len = shapes.length; i < len; i++) {
        s = shapes[i];
        if (s.area() > 1) {
          results.push(s.area());
        }
      }
      return results;
    })()).reduce((function(a, b) {
      return a + b;
    }), 0);
  };

  module.exports = {Shape, Square, Circle, fail, total};

}).call(this);
//# sourceMappingURL=shapes.js.map
