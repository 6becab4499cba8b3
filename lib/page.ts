import { z } from "zod";

/** Every list endpoint answers with this one shape; the data layer builds it (lib/server), routes return it. */
export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 500;

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

export function toSkipTake({ page, pageSize }: PageQuery): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}
