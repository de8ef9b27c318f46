// The patient screen as a drop target for files (PDFs exported by an EMR, scans): highlighted
// while files are dragged over it. Only drags that carry files count, so dragging selected text
// around the chart does nothing. A zone inside another (the timeline's compose box on the patient
// screen) takes the drag for itself: the one under the pointer is the only one highlighted and the
// only one that gets the files. (The window itself refuses drops elsewhere: app/use-window-drop-guard.)
import { useRef, useState, type DragEvent } from 'react';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export interface FileDropZone {
  active: boolean;
  handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

export function useFileDrop(onFiles: (files: File[]) => void): FileDropZone {
  const [active, setActive] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them to know when the pointer left.
  const depth = useRef(0);
  return {
    active,
    handlers: {
      onDragEnter(event) {
        if (!carriesFiles(event)) return;
        event.stopPropagation();
        event.preventDefault();
        depth.current += 1;
        setActive(true);
      },
      onDragOver(event) {
        if (!carriesFiles(event)) return;
        event.stopPropagation();
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(event) {
        if (!carriesFiles(event)) return;
        event.stopPropagation();
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setActive(false);
      },
      onDrop(event) {
        if (!carriesFiles(event)) return;
        event.stopPropagation();
        event.preventDefault();
        depth.current = 0;
        setActive(false);
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles(files);
      },
    },
  };
}
