// Browser stand-in for office-addin-manifest: office-addin-mock only reads this enum, and the real
// package pulls in Node-only dependencies (fs-extra, node-fetch) that cannot be bundled.
module.exports = {
  OfficeApp: {
    Excel: "excel",
    OneNote: "onenote",
    Outlook: "outlook",
    PowerPoint: "powerpoint",
    Project: "project",
    Word: "word",
  },
};
