// A group's timeline (自由グループ: the region's multi-profession group, an office's staff), opened
// from the inbox, with its members beside it. No patient: nothing here is filed into a chart.
import { useState } from 'react';
import type { UserView } from '../../shared/desktop-api';
import { useDesktopApi } from '../app/desktop-api-context';
import type { ViewerRequest } from '../chart/shared/chart-context';
import { ViewerDialog } from '../chart/shared/ViewerDialog';
import { useMessages } from '../i18n/locale-context';
import { GroupMembersPanel } from './GroupMembersPanel';
import { useInbox } from './timeline-queries';
import { TimelineView } from './TimelineView';

export function GroupTimelineScreen({ groupId, user, online, onBack }: { groupId: string; user: UserView; online: boolean; onBack(): void }) {
  const t = useMessages();
  const api = useDesktopApi();
  const inbox = useInbox();
  const [viewer, setViewer] = useState<ViewerRequest | null>(null);
  const [notice, setNotice] = useState('');
  const title = inbox.data?.timelines.find((s) => s.timeline.kind === 'group' && s.timeline.id === groupId)?.title ?? '';
  return (
    <section className="chart" aria-labelledby="group-title">
      <div className="overview__bar">
        <button type="button" className="button button--quiet" onClick={onBack}>
          <span aria-hidden="true">← </span>
          {t('backToList')}
        </button>
      </div>
      <h1 id="group-title">
        <span className="tag">{t('inboxGroup')}</span> {title}
      </h1>
      <div className="group-layout">
        <TimelineView
          timeline={{ kind: 'group', id: groupId }}
          user={user}
          online={online}
          canPromote={false}
          onNotice={setNotice}
          onOpenAttachment={(post, attachmentId) => {
            const attachment = post.attachments.find((a) => a.attachmentId === attachmentId);
            if (!attachment) return;
            setViewer({
              title: attachment.fileName,
              queryKey: ['timelines', `group:${groupId}`, 'attachment', attachmentId],
              load: async () => {
                const opened = await api.openAttachment(post.timeline, post.postId, attachmentId);
                return { bytes: opened.bytes, mediaType: opened.attachment.mediaType };
              },
            });
          }}
        />
        <GroupMembersPanel groupId={groupId} userId={user.id} online={online} />
      </div>
      <div className="chart__notice" role="status" aria-live="polite">
        {notice}
      </div>
      {viewer !== null ? <ViewerDialog request={viewer} onClose={() => setViewer(null)} /> : null}
    </section>
  );
}
