import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DocumentReadError, htmlToText, readDocumentFile } from './read-document.ts';

/** A one-page PDF with a text layer, written by hand (objects, then a cross-reference table of offsets). */
function tinyPdf(line: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A minimal .docx: a ZIP (stored, not deflated) of the three parts Word needs for one paragraph. */
function tinyDocx(paragraph: string): Buffer {
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`,
    ],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

describe('reading document files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainatlas-doc-'));

  it('HTML: markup and scripts removed, paragraphs kept, entities decoded, title read', () => {
    const { text, title } = htmlToText(
      '<html><head><title>Jinshan &amp; hydrogène</title><script>x()</script></head><body><p>En 2024, 25 millions de yuans.</p><p>l&#39;hydrogène vert</p></body></html>',
    );
    expect(title).toBe('Jinshan & hydrogène');
    expect(text).toBe("En 2024, 25 millions de yuans.\nl'hydrogène vert");
  });

  it('PDF: the text layer', async () => {
    const path = join(dir, 'report.pdf');
    writeFileSync(path, tinyPdf('In 2019, 144 industrial parks achieved 4.87 trillion yuan.'));
    const read = await readDocumentFile(path);
    expect(read.format).toBe('pdf');
    expect(read.text).toContain('4.87 trillion yuan');
  });

  it('DOCX: the paragraphs as text', async () => {
    const path = join(dir, 'plan.docx');
    writeFileSync(
      path,
      tinyDocx('Hubei: by 2027, the industrial scale is expected to reach 7 trillion yuan.'),
    );
    const read = await readDocumentFile(path);
    expect(read.format).toBe('docx');
    expect(read.text).toBe('Hubei: by 2027, the industrial scale is expected to reach 7 trillion yuan.');
  });

  it('plain text keeps its characters; an unknown type is refused with the file name', async () => {
    const path = join(dir, 'seed.txt');
    writeFileSync(path, '\uFEFF目标五年工业规模达10万亿级');
    expect((await readDocumentFile(path)).text).toBe('目标五年工业规模达10万亿级');
    const odd = join(dir, 'seed.xyz');
    writeFileSync(odd, 'x');
    await expect(readDocumentFile(odd)).rejects.toThrow(DocumentReadError);
    await expect(readDocumentFile(odd)).rejects.toThrow(/seed\.xyz/);
  });
});
