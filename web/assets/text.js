// Highlighting indicator hits in posts. The API gives each hit's start
// and end as byte offsets into the UTF-8 text; JavaScript strings index
// UTF-16 code units, so offsets are converted before slicing.

// utf8Offsets maps UTF-8 byte offsets of text to indices of the string.
// An offset inside a character goes to that character's start, or with
// roundUp to its end.
export function utf8Offsets(text) {
  const bytes = [];
  const index = [];
  let b = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i);
    bytes.push(b);
    index.push(i);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  bytes.push(b);
  index.push(text.length);
  return {
    length: b,
    toIndex(offset, roundUp = false) {
      const off = Math.max(0, Math.min(b, Math.trunc(offset)));
      let lo = 0;
      let hi = bytes.length - 1;
      while (lo < hi) { // last k with bytes[k] <= off
        const mid = (lo + hi + 1) >> 1;
        if (bytes[mid] <= off) lo = mid; else hi = mid - 1;
      }
      if (bytes[lo] === off || !roundUp) return index[lo];
      return index[Math.min(lo + 1, index.length - 1)];
    },
  };
}

// segments cuts text at the hits' edges: each segment has its text and the
// hits that cover it (overlapping hits are all kept).
export function segments(text, hits) {
  const s = String(text || '');
  const map = utf8Offsets(s);
  const spans = [];
  for (const hit of Array.isArray(hits) ? hits : []) {
    if (!hit || !Number.isFinite(hit.start) || !Number.isFinite(hit.end)) continue;
    const a = map.toIndex(hit.start, false);
    const z = map.toIndex(hit.end, true);
    if (z > a) spans.push({ a, z, hit });
  }
  const cuts = new Set([0, s.length]);
  for (const sp of spans) { cuts.add(sp.a); cuts.add(sp.z); }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const z = points[i + 1];
    out.push({ text: s.slice(a, z), hits: spans.filter((sp) => sp.a <= a && sp.z >= z).map((sp) => sp.hit) });
  }
  return out;
}

// highlighted renders text with its hits in <mark> elements, each titled
// with its category, phrase and language.
export function highlighted(text, hits) {
  const frag = document.createDocumentFragment();
  for (const seg of segments(text, hits)) {
    if (!seg.hits.length) {
      frag.append(document.createTextNode(seg.text));
      continue;
    }
    const cats = [...new Set(seg.hits.map((x) => String(x.category || 'hit')))];
    const mark = document.createElement('mark');
    mark.className = 'hit ' + cats.map((c) => 'hit-' + c.replace(/[^a-z_]/g, '')).join(' ');
    mark.title = seg.hits.map((x) => [x.category, x.phrase, x.lang].filter(Boolean).join(' · ')).join('\n');
    mark.dataset.category = cats.join(' ');
    mark.textContent = seg.text;
    frag.append(mark);
  }
  return frag;
}
