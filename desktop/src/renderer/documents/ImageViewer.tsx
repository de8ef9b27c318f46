// A JPEG or PNG (a photo of a wound, a scanned letter): shown by the browser's own decoder from
// an object URL, which is revoked when the viewer goes. Zoom and print as for the other kinds.
import { useEffect, useMemo, useState } from 'react';
import { useMessages } from '../i18n/locale-context';
import { claimedImageSize, exceedsPixelBudget, type PixelSize } from './image-header';
import { PagedView, type PageContent, type PreparedPrint } from './PagedView';
import type { Size } from './viewer-geometry';

export interface ImageViewerProps {
  bytes: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
  title: string;
}

type Decoded = { state: 'failed' } | { state: 'ready'; url: string; size: Size };
type Loaded = { state: 'loading' } | Decoded;

const LOADING: Loaded = { state: 'loading' };

export function ImageViewer({ bytes, mediaType, title }: ImageViewerProps) {
  const t = useMessages();
  // Kept with the bytes it was decoded from: other bytes are loading until their own outcome.
  const [decoded, setDecoded] = useState<{ bytes: Uint8Array; mediaType: string; outcome: Decoded } | null>(null);
  const loaded = decoded !== null && decoded.bytes === bytes && decoded.mediaType === mediaType ? decoded.outcome : LOADING;

  // Past the pixel budget the browser is never given the bytes: decoding would be the memory bomb.
  const tooLarge = useMemo<PixelSize | null>(() => {
    const claimed = claimedImageSize(bytes, mediaType);
    return claimed !== null && exceedsPixelBudget(claimed) ? claimed : null;
  }, [bytes, mediaType]);

  useEffect(() => {
    if (tooLarge !== null) return;
    // A copy: a Blob over the caller's view would keep their whole buffer alive in the URL.
    const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mediaType }));
    let live = true;
    const probe = new Image();
    probe.src = url;
    // decode() also reads the size; naturalWidth/Height already follow the EXIF orientation, as
    // the <img> will.
    probe.decode().then(
      () => {
        if (live) setDecoded({ bytes, mediaType, outcome: { state: 'ready', url, size: { width: probe.naturalWidth, height: probe.naturalHeight } } });
      },
      () => {
        if (live) setDecoded({ bytes, mediaType, outcome: { state: 'failed' } });
      },
    );
    return () => {
      live = false;
      URL.revokeObjectURL(url);
    };
  }, [bytes, mediaType, tooLarge]);

  const url = loaded.state === 'ready' ? loaded.url : null;
  const landscape = loaded.state === 'ready' && loaded.size.width > loaded.size.height;

  const content = useMemo<PageContent>(
    () => ({ kind: 'element', element: () => <img className="document-page__image" src={url ?? undefined} alt={title} /> }),
    [url, title],
  );
  const pageSizes = useMemo(() => (loaded.state === 'ready' ? [loaded.size] : []), [loaded]);
  // The image is already a URL the browser can print; nothing to make or free.
  const preparePrint = useMemo(
    () => async (): Promise<PreparedPrint> => ({ pages: url === null ? [] : [{ url, landscape }], release: () => {} }),
    [url, landscape],
  );

  if (tooLarge !== null) {
    return (
      <div className="error-notice document-viewer__message" role="alert">
        {t('viewerImageTooLarge', { width: tooLarge.width, height: tooLarge.height })}
      </div>
    );
  }
  switch (loaded.state) {
    case 'loading':
      return (
        <p className="document-viewer__message muted" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('viewerLoading')}
        </p>
      );
    case 'failed':
      return (
        <div className="error-notice document-viewer__message" role="alert">
          {t('viewerImageUnreadable')}
        </div>
      );
    case 'ready':
      return <PagedView title={title} pageSizes={pageSizes} content={content} paged={false} preparePrint={preparePrint} />;
  }
}
