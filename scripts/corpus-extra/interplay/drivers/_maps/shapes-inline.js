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

//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoiIiwic291cmNlUm9vdCI6IiIsInNvdXJjZXMiOlsic2hhcGVzLWlubGluZS5jb2ZmZWUiXSwibmFtZXMiOltdLCJtYXBwaW5ncyI6IkFBQ3lFO0VBQUE7O0FBQUEsTUFBQSxNQUFBLEVBQUEsS0FBQSxFQUFBLE1BQUEsRUFBQSxJQUFBLEVBQUE7O0VBQ25FLFFBQU4sTUFBQSxNQUFBO0lBQ0UsV0FBYSxLQUFBLENBQUE7TUFBQyxJQUFDLENBQUE7SUFBRjs7SUFDYixJQUFNLENBQUEsQ0FBQTtNQUFHLE1BQU0sSUFBSSxLQUFKLENBQVUsQ0FBQSxDQUFBLENBQUcsSUFBQyxDQUFBLElBQUosQ0FBQSxZQUFBLENBQVY7SUFBVDs7SUFDTixRQUFVLENBQUEsQ0FBQTthQUNSLENBQUEsQ0FBQSxDQUFHLElBQUMsQ0FBQSxJQUFKLENBQUEsRUFBQSxDQUFBLENBQWEsSUFBQyxDQUFBLElBQUQsQ0FBQSxDQUFPLENBQUMsT0FBUixDQUFnQixDQUFoQixDQUFiLENBQUE7SUFEUTs7RUFIWjs7RUFNTSxTQUFOLE1BQUEsT0FBQSxRQUFxQixNQUFyQjtJQUNFLFdBQWEsS0FBQSxDQUFBOztNQUFDLElBQUMsQ0FBQTtJQUFGOztJQUViLElBQU0sQ0FBQSxDQUFBO2FBQUcsSUFBQyxDQUFBLElBQUQsR0FBUSxJQUFDLENBQUE7SUFBWjs7RUFIUjs7RUFLTSxTQUFOLE1BQUEsT0FBQSxRQUFxQixNQUFyQjtJQUNFLFdBQWEsRUFBQSxDQUFBOztNQUFDLElBQUMsQ0FBQTtJQUFGOztJQUViLElBQU0sQ0FBQSxDQUFBO2FBQUcsSUFBSSxDQUFDLEVBQUwsR0FBVSxJQUFDLENBQUEsQ0FBWCxHQUFlLElBQUMsQ0FBQTtJQUFuQjs7RUFIUjs7RUFLQSxJQUFBLEdBQU8sUUFBQSxDQUFDLElBQUQsQ0FBQTtBQUNQLFFBQUE7SUFBRSxLQUFBLEdBQVEsUUFBQSxDQUFBLENBQUE7TUFDTixNQUFNLElBQUksU0FBSixDQUFjLENBQUEsT0FBQSxDQUFBLENBQVUsSUFBVixDQUFBLENBQWQ7SUFEQTtXQUVSLEtBQUEsQ0FBQTtFQUhLOztFQUtQLEtBQUEsR0FBUSxRQUFBLENBQUMsTUFBRCxDQUFBO0FBQ1IsUUFBQTtXQUFFOztBQUFDO01BQUEsS0FBQSx3Q0FBQTs7WUFBOEIsQ0FBQyxDQUFDLElBQUYsQ0FBQSxDQUFBLEdBQVc7dUJBQXpDLENBQUMsQ0FBQyxJQUFGLENBQUE7O01BQUEsQ0FBQTs7UUFBRCxDQUE0QyxDQUFDLE1BQTdDLENBQW9ELENBQUMsUUFBQSxDQUFDLENBQUQsRUFBSSxDQUFKLENBQUE7YUFBVSxDQUFBLEdBQUk7SUFBZCxDQUFELENBQXBELEVBQXVFLENBQXZFO0VBRE07O0VBR1IsTUFBTSxDQUFDLE9BQVAsR0FBaUIsQ0FBRSxLQUFGLEVBQVMsTUFBVCxFQUFpQixNQUFqQixFQUF5QixJQUF6QixFQUErQixLQUEvQjtBQXpCd0QiLCJzb3VyY2VzQ29udGVudCI6WyIjIENvZmZlZVNjcmlwdCBjbGFzc2VzLCBjb21wcmVoZW5zaW9ucyBhbmQgYSB0aHJvd24gZXJyb3IsIGNvbXBpbGVkIGF0IGxvYWQgdGltZVxuIyAoY29mZmVlc2NyaXB0L3JlZ2lzdGVyKSBhbmQgYWhlYWQgb2YgdGltZSB3aXRoIHNvdXJjZSBtYXBzICguLi9fbWFwcy8pLlxuY2xhc3MgU2hhcGVcbiAgY29uc3RydWN0b3I6IChAbmFtZSkgLT5cbiAgYXJlYTogLT4gdGhyb3cgbmV3IEVycm9yIFwiI3tAbmFtZX0gaGFzIG5vIGFyZWFcIlxuICBkZXNjcmliZTogLT5cbiAgICBcIiN7QG5hbWV9OiAje0BhcmVhKCkudG9GaXhlZCAyfVwiXG5cbmNsYXNzIFNxdWFyZSBleHRlbmRzIFNoYXBlXG4gIGNvbnN0cnVjdG9yOiAoQHNpZGUpIC0+XG4gICAgc3VwZXIgJ3NxdWFyZSdcbiAgYXJlYTogLT4gQHNpZGUgKiBAc2lkZVxuXG5jbGFzcyBDaXJjbGUgZXh0ZW5kcyBTaGFwZVxuICBjb25zdHJ1Y3RvcjogKEByKSAtPlxuICAgIHN1cGVyICdjaXJjbGUnXG4gIGFyZWE6IC0+IE1hdGguUEkgKiBAciAqIEByXG5cbmZhaWwgPSAod2hhdCkgLT5cbiAgaW5uZXIgPSAtPlxuICAgIHRocm93IG5ldyBUeXBlRXJyb3IgXCJjYW5ub3QgI3t3aGF0fVwiXG4gIGlubmVyKClcblxudG90YWwgPSAoc2hhcGVzKSAtPlxuICAocy5hcmVhKCkgZm9yIHMgaW4gc2hhcGVzIHdoZW4gcy5hcmVhKCkgPiAxKS5yZWR1Y2UgKChhLCBiKSAtPiBhICsgYiksIDBcblxubW9kdWxlLmV4cG9ydHMgPSB7IFNoYXBlLCBTcXVhcmUsIENpcmNsZSwgZmFpbCwgdG90YWwgfVxuIl19
//# sourceURL=shapes-inline.coffee