// Public surface of the documents and lessons library: routes, schemas, the extraction job and the use cases the
// CLI and the server's background work call.
export {
  type ExtractionReport,
  extractPendingTexts,
  libraryTextJob,
  reindexLibraryTexts,
} from "./document-text.service";
export {
  addLessonComment,
  createLesson,
  deleteLesson,
  getLesson,
  listLessonsLinkedTo,
  updateLesson,
} from "./lessons.service";
export { libraryRoutes } from "./library.routes";
export * from "./library.schema";
export { selectTextSummary as summariseLibraryTexts } from "./library.store";
export {
  deleteLibraryDocument,
  getLibraryDocument,
  getLibraryDocumentFile,
  updateLibraryDocument,
  uploadLibraryDocument,
} from "./library-documents.service";
export { searchLibraryEntries } from "./library-search.service";
