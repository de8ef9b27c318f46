// 連絡帳 on the patient's chart: the patient's timeline, with the chart's viewer for attachments,
// attachments filed into the chart's documents by those who may file documents, and, for those
// who may write progress notes, posts copied into a note (「連絡帳より」).
import { useDesktopApi } from '../app/desktop-api-context';
import { useChart } from '../chart/shared/chart-context';
import { canWrite, PROGRESS_NOTES, writableDocumentTypes } from '../chart/shared/record-access';
import { TimelineView } from './TimelineView';

export function PatientTimelineTab({ online }: { online: boolean }) {
  const api = useDesktopApi();
  const { patientId, overview, user, openViewer, notify } = useChart();
  const timeline = { kind: 'patient' as const, id: patientId };
  return (
    <TimelineView
      timeline={timeline}
      user={user}
      online={online}
      canPromote={canWrite(overview.chart.myAccess, PROGRESS_NOTES)}
      fileTypes={writableDocumentTypes(overview.chart.myAccess)}
      onNotice={notify}
      onOpenAttachment={(post, attachmentId) => {
        const attachment = post.attachments.find((a) => a.attachmentId === attachmentId);
        if (!attachment) return;
        openViewer({
          title: attachment.fileName,
          queryKey: ['timelines', `patient:${patientId}`, 'attachment', attachmentId],
          load: async () => {
            const opened = await api.openAttachment(post.timeline, post.postId, attachmentId);
            return { bytes: opened.bytes, mediaType: opened.attachment.mediaType };
          },
        });
      }}
    />
  );
}
