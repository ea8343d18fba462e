// Style sheets imported for their side effect (the build bundles them): TypeScript 7 checks that such an import
// resolves to something it knows.
declare module "*.css";
