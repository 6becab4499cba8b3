// Reads the rows of @ip-location-db/asn's numeric CSVs (asn-table.ts builds the tables from them). A row
// is `start,end,asn,org`: an inclusive range of addresses as unsigned integers (128-bit decimals for
// IPv6), the AS number, and the organisation, quoted when it holds a comma (`"LLC ""SPUTNIK"""`).
//
// Hand-written rather than csv-parse, which the app already uses for uploads: on the 412,000 IPv4 rows
// csv-parse/sync took 1.1-1.4 s and ~135 MB of heap for its row arrays, this reader ~0.3-0.45 s and no
// per-row objects, since it reads numbers straight from the bytes and makes one string per AS number.
// tests/unit/ip-asn-table.test.ts checks it against csv-parse on every row of the installed files.

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const ZERO = 0x30;
const NINE = 0x39;
const MAX_128 = (1n << 128n) - 1n;

/** Walks the rows once, holding the current row's field offsets; one instance per file. */
export class AsnCsvCursor {
  line = 0;
  /** Offsets of the row's start and of its three commas. */
  at = 0;
  c1 = 0;
  c2 = 0;
  asn = 0;
  orgId = 0;
  readonly orgs: string[] = [];
  readonly rowCount: number;
  private next = 0;
  /** Per AS number, the organisation's id and where its bytes were first seen. */
  private readonly byAsn = new Map<number, { id: number; from: number; to: number }>();

  constructor(private readonly bytes: Buffer) {
    let count = 0;
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count += 1;
    this.rowCount = count + 1;
  }

  fail(problem: string): never {
    throw new Error(`line ${this.line}: ${problem}`);
  }

  advance(): boolean {
    const bytes = this.bytes;
    const length = bytes.length;
    while (this.next < length) {
      this.line += 1;
      const at = this.next;
      // One pass over the row's bytes for its first three commas and its end.
      let [c1, c2, c3] = [-1, -1, -1];
      let end = at;
      for (; end < length; end++) {
        const byte = bytes[end];
        if (byte === NEWLINE) break;
        if (byte === COMMA && c3 === -1) {
          if (c1 === -1) c1 = end;
          else if (c2 === -1) c2 = end;
          else c3 = end;
        }
      }
      this.next = end + 1;
      if (end > at && bytes[end - 1] === CR) end -= 1;
      if (end === at) continue;
      if (c3 === -1 || c3 >= end) this.fail("expected start,end,asn,organization");
      [this.at, this.c1, this.c2] = [at, c1, c2];
      this.asn = this.uint32(c2 + 1, c3);
      // An AS number names one organisation in these files: compare the bytes with the name first seen for
      // it rather than decode and hash a string for every row. A different name gets its own entry.
      const known = this.byAsn.get(this.asn);
      if (known && bytes.compare(bytes, known.from, known.to, c3 + 1, end) === 0) {
        this.orgId = known.id;
      } else {
        this.orgId = this.orgs.push(this.organization(c3 + 1, end)) - 1;
        this.byAsn.set(this.asn, { id: this.orgId, from: c3 + 1, to: end });
      }
      return true;
    }
    return false;
  }

  private organization(from: number, to: number): string {
    const text = this.bytes.toString("utf8", from, to);
    if (this.bytes[from] !== QUOTE) return text;
    if (text.length < 2 || !text.endsWith('"')) this.fail("unterminated quoted organization");
    return text.slice(1, -1).replaceAll('""', '"');
  }

  uint32(from: number, to: number): number {
    if (to <= from || to - from > 10) this.fail("expected a 32-bit unsigned integer");
    let value = 0;
    for (let i = from; i < to; i++) {
      const byte = this.bytes[i] as number;
      if (byte < ZERO || byte > NINE) this.fail("expected a 32-bit unsigned integer");
      value = value * 10 + (byte - ZERO);
    }
    if (value > 0xffff_ffff) this.fail(`${value} does not fit in 32 bits`);
    return value;
  }

  uint128(from: number, to: number): bigint {
    if (to <= from || to - from > 39) this.fail("expected a 128-bit unsigned integer");
    for (let i = from; i < to; i++) {
      const byte = this.bytes[i] as number;
      if (byte < ZERO || byte > NINE) this.fail("expected a 128-bit unsigned integer");
    }
    const value = BigInt(this.bytes.toString("latin1", from, to));
    if (value > MAX_128) this.fail(`${value} does not fit in 128 bits`);
    return value;
  }
}
