/** A count as the pages write it: 12,345. */
export const count = (n: number) => n.toLocaleString("en-US");
