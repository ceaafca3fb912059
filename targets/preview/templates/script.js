// forgewright preview: click a table heading to sort its sample rows; tabs switch between pages of one kind
// (the app shows them as tabs too); forms never submit.
// No network, no globals, no inline event handlers.
(function () {
  "use strict";
  function text(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }
  function sortBy(table, index, heading) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = text(a, index), y = text(b, index);
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.setAttribute("aria-sort", "none"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.dynamic-table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.setAttribute("aria-sort", "none");
      th.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".tab-group"), function (group) {
    var tabs = group.querySelectorAll(".tab");
    Array.prototype.forEach.call(tabs, function (tab) {
      tab.addEventListener("click", function () {
        Array.prototype.forEach.call(tabs, function (other) {
          var chosen = other === tab;
          other.setAttribute("aria-selected", chosen ? "true" : "false");
          var panel = group.querySelector('[data-module="' + other.getAttribute("data-tab") + '"]');
          if (panel) { panel.hidden = !chosen; }
        });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.config-form"), function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  });
})();
