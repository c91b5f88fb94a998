import { queryInteger, text } from './request-fields';

// Paging, one shape for every list of the API (keyset pagination: each list's service
// encodes its own position): the request parameters, and how a page is answered.

/**
 * `cursor`: opaque, the `nextCursor` of the previous page of the same list, for the same caller
 * and the same filters. No schema can say "a value this server issued", so the document says it
 * in words: any other value, schema-valid or not, gets 400 with the list's `invalidCursorCode`
 * (docs/api.md, "What bad input gets"). No pattern either: it would only move some of those
 * 400s to another code, and tighten a published input. `maxLength` is what the list's service
 * accepts.
 */
export const pageCursor = (maxLength: number, invalidCursorCode: string) =>
  text({ min: 1, max: maxLength })
    .optional()
    .meta({
      description:
        'Opaque: the `nextCursor` of the previous page of this list, for the same caller and filters. ' +
        `Any other value is refused with 400 \`${invalidCursorCode}\`.`,
    });

/** `limit`: the page size. */
export const pageLimit = queryInteger(1, 100).optional().meta({ description: 'Page size (default 20).' });

/** The paging parameters as a service's list call takes them: '' asks for the first page, 0 for the default size. */
export const servicePaging = ({ cursor, limit }: { cursor?: string; limit?: number }) => ({
  cursor: cursor ?? '',
  limit: limit ?? 0,
});

/** A page as every list answers it: the services send '' after the last page, the API `null`. */
export const pageJson = <Item>(items: Item[], nextCursor: string) => ({
  items,
  nextCursor: nextCursor || null,
});
