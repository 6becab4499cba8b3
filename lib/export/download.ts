// A streamed file download built from text chunks that an async generator produces on demand, so an
// export of a million rows holds one database batch in memory, never the whole file. The stream pulls
// only as fast as the client reads, and a client that goes away stops the generator (and its queries).

const FLUSH_BYTES = 64 * 1024;

export function exportStamp(now = new Date()): string {
  return now.toISOString().slice(0, 19).replaceAll(":", "");
}

export function downloadResponse(
  chunks: AsyncIterable<string>,
  options: { filename: string; contentType: string },
): Response {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Gather small rows into one chunk: one enqueue per CSV line would cost more than the line.
      let text = "";
      while (text.length < FLUSH_BYTES) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += next.value;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": options.contentType,
      "content-disposition": `attachment; filename="${options.filename}"`,
      "cache-control": "no-store",
    },
  });
}
