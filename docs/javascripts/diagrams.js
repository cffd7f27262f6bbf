// Draw each ```mermaid block of the site with the mermaid shipped beside it (vendor/mermaid/), into
// the page itself (not a closed shadow root), so the diagrams render offline and can be checked.
document.addEventListener("DOMContentLoaded", async () => {
  mermaid.initialize({ startOnLoad: false });
  const blocks = Array.from(document.querySelectorAll("div.mermaid-diagram"));
  for (const [index, block] of blocks.entries()) {
    const { svg } = await mermaid.render(`diagram-${index}`, block.textContent);
    block.innerHTML = svg;
    block.dataset.rendered = "true";
  }
});
