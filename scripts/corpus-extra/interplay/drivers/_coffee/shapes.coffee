# CoffeeScript classes, comprehensions and a thrown error, compiled at load time
# (coffeescript/register) and ahead of time with source maps (../_maps/).
class Shape
  constructor: (@name) ->
  area: -> throw new Error "#{@name} has no area"
  describe: ->
    "#{@name}: #{@area().toFixed 2}"

class Square extends Shape
  constructor: (@side) ->
    super 'square'
  area: -> @side * @side

class Circle extends Shape
  constructor: (@r) ->
    super 'circle'
  area: -> Math.PI * @r * @r

fail = (what) ->
  inner = ->
    throw new TypeError "cannot #{what}"
  inner()

total = (shapes) ->
  (s.area() for s in shapes when s.area() > 1).reduce ((a, b) -> a + b), 0

module.exports = { Shape, Square, Circle, fail, total }
