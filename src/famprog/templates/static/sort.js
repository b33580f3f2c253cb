// Sortable tables of the review site: click a heading to sort by that column (numbers or text).
(function () {
  "use strict";
  function key(cell, type) {
    var text = cell ? cell.textContent.trim() : "";
    return type === "number" ? (parseFloat(text) || 0) : text.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var type = th.getAttribute("data-type");
        rows.sort(function (a, b) {
          var x = key(a.cells[column], type), y = key(b.cells[column], type);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
