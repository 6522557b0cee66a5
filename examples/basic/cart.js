class Cart {
  #items = [];

  addItem(name, price, quantity) {
    this.#items.push({ name, price, quantity });
    return this.#items.length;
  }

  get total() {
    return this.#items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  }
}

module.exports = { Cart };
