import assert from 'node:assert/strict';
import { child, childText, escapeXml, parseXml, XmlError } from '../../../../extension/core/labeling/formats/xml';

const error = (text: string): XmlError => {
  try {
    parseXml(text);
  } catch (err) {
    assert.ok(err instanceof XmlError, String(err));
    return err;
  }
  throw new Error('expected an XmlError');
};

describe('core/labeling/formats/xml: the strict reader for VOC', () => {
  it('reads elements, attributes, entities, character references, CDATA and comments, with lines', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- top -->\n<a x="1" y=\'&quot;q&quot;\'>\n  <b>5 &lt; 6 &amp; &#x4e2d;&#25991;</b>\n  <c/><属性>绿色</属性>\n  <d><![CDATA[<raw> & ]]>tail</d>\n</a>\n<!-- end -->\n',
    );
    assert.equal(root.name, 'a');
    assert.deepEqual(root.attributes, { x: '1', y: '"q"' });
    assert.equal(childText(root, 'b'), '5 < 6 & 中文');
    assert.equal(child(root, 'b')?.line, 4);
    assert.equal(child(root, 'c')?.children.length, 0);
    assert.equal(childText(root, '属性'), '绿色');
    assert.equal(childText(root, 'd'), '<raw> & tail');
    assert.equal(child(root, 'd')?.line, 6);
  });

  it('refuses malformed documents with the line and column of the fault', () => {
    const mismatched = error('<annotation>\n  <object>\n    <name>cat</nam>\n  </object>\n</annotation>');
    assert.equal(mismatched.line, 3);
    assert.match(mismatched.message, /<\/nam> closes <name> opened on line 3/);
    const truncated = error('<annotation>\n  <object>\n    <name>cat</name>\n');
    assert.match(truncated.message, /<object> \(line 2\) is not closed: the document ends first/);
    assert.equal(truncated.line, 4);
    assert.match(error('<a>&nbsp;</a>').message, /unknown entity &nbsp;/);
    assert.match(error('<a>AT&T</a>').message, /"&" must start an entity/);
    assert.match(error('<!DOCTYPE a [<!ENTITY x "y">]><a/>').message, /DOCTYPE/);
    assert.match(error('<a/><b/>').message, /second root/);
    assert.match(error('<a/>junk').message, /text after the root/);
    assert.match(error('<a x=1/>').message, /must be quoted/);
    assert.match(error('<a x="1" x="2"/>').message, /given twice/);
    assert.match(error('').message, /empty/);
    assert.match(error('plain').message, /text before the root/);
    const late = error('<a>\n\n\n<b></c></a>');
    assert.deepEqual([late.line, late.column], [4, 4]);
  });

  it('escapes what would break an element or an attribute', () => {
    assert.equal(escapeXml('a<b>&"c"'), 'a&lt;b&gt;&amp;&quot;c&quot;');
    assert.equal(escapeXml('猫 🐱'), '猫 🐱');
    assert.equal(parseXml(`<n>${escapeXml('a<b>&"c"')}</n>`).text, 'a<b>&"c"');
  });
});
