import { useEffect, useState } from 'react';

export const PAGES = [
  'region',
  'parks',
  'clusters',
  'chain',
  'opportunities',
  'data',
  'documents',
  'work',
  'analytics',
  'governance',
  'desk',
] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName;
  params: URLSearchParams;
}

/** Pages live in the hash (#/parks?within=530700), so the server needs no route per page. */
function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageName) : 'region';
  return { page, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function hrefOf(page: PageName, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function navigate(page: PageName, params: Record<string, string> = {}) {
  location.hash = hrefOf(page, params);
}
