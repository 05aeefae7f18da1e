import Foundation

/// Kustomization directories for the kustomize tests: each a set of files written under a scratch directory.
enum KustomizeFixtures {
    /// Generators: literals, files (one of them binary), env files, a Secret type, generator options, and a
    /// generator without the hash suffix; a Deployment that refers to them.
    static let generators: [String: String] = [
        "kustomization.yaml": """
            generatorOptions:
              labels:
                generated: "true"
              annotations:
                note: from-options
            configMapGenerator:
            - name: app-config
              literals:
              - mode=prod
              - quoted="with spaces"
              - url=http://example.com/?a=1&b=<2>
              files:
              - settings.ini
              - renamed=notes.txt
              - blob.bin
              envs:
              - app.env
            - name: plain
              literals:
              - a=1
              options:
                disableNameSuffixHash: true
                labels:
                  own: label
            secretGenerator:
            - name: creds
              literals:
              - user=admin
              - password=s3cr3t
            - name: tls
              type: kubernetes.io/tls
              files:
              - tls.crt
              - tls.key
            resources:
            - deploy.yaml
            """,
        "settings.ini": "[server]\nport = 8080\n",
        "notes.txt": "café ünïcode\n",
        "blob.bin": binaryMarker,
        "app.env": "# a comment\nLEVEL=debug\n\n  SPACED=yes\nEMPTY=\n",
        "tls.crt": "CERT\n",
        "tls.key": "KEY\n",
        "deploy.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                    envFrom:
                    - configMapRef: {name: app-config}
                    - secretRef: {name: creds}
                    env:
                    - name: A
                      valueFrom:
                        configMapKeyRef: {name: plain, key: a}
                  volumes:
                  - name: tls
                    secret: {secretName: tls}
                  - name: cfg
                    configMap: {name: app-config}
            """,
    ]

    /// Prefixes and suffixes with the references kustomize rewrites: config, secrets, service accounts, roles,
    /// services, claims, autoscaler targets.
    static let references: [String: String] = [
        "kustomization.yaml": """
            namePrefix: shop-
            nameSuffix: -v1
            namespace: store
            resources:
            - app.yaml
            - rbac.yaml
            - namespace.yaml
            configMapGenerator:
            - name: cfg
              literals: [k=v]
            """,
        "namespace.yaml": """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: anything
            """,
        "app.yaml": """
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              selector: {app: db}
              ports: [{port: 5432}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  serviceAccountName: runner
                  containers:
                  - name: db
                    image: postgres:16
                    env:
                    - name: X
                      valueFrom: {configMapKeyRef: {name: cfg, key: k}}
                  volumes:
                  - name: data
                    persistentVolumeClaim: {claimName: data}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: db}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
              minReplicas: 1
              maxReplicas: 3
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: front}
            spec:
              rules:
              - http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: db, port: {number: 5432}}}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup}
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      serviceAccountName: runner
                      containers:
                      - name: b
                        image: busybox
                        envFrom: [{configMapRef: {name: cfg}}]
            """,
        "rbac.yaml": """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: runner}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: reader}
            rules:
            - apiGroups: [""]
              resources: [configmaps]
              resourceNames: [cfg, other]
              verbs: [get]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
            subjects:
            - {kind: ServiceAccount, name: runner}
            - {kind: ServiceAccount, name: default, namespace: elsewhere}
            - {kind: User, name: runner}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: view}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: ServiceAccount, name: runner, namespace: store}
            """,
    ]

    /// Patches of every form kubectl 1.32 accepts.
    static let patches: [String: String] = [
        "kustomization.yaml": """
            resources:
            - app.yaml
            patches:
            - path: more-replicas.yaml
            - target:
                kind: Deployment
                labelSelector: tier=front
              patch: |-
                - op: add
                  path: /metadata/annotations
                  value: {patched: json6902}
                - op: replace
                  path: /spec/template/spec/containers/0/image
                  value: nginx:1.27
            - target:
                kind: Service
                name: "api|web"
              patch: |-
                apiVersion: v1
                kind: Service
                metadata:
                  name: ignored
                  labels: {patched: smp}
            patchesStrategicMerge:
            - sidecar.yaml
            - |-
              apiVersion: v1
              kind: ConfigMap
              metadata:
                name: settings
              data:
                extra: "1"
                drop: null
            patchesJson6902:
            - target: {group: apps, version: v1, kind: Deployment, name: api}
              path: api-ops.yaml
            """,
        "app.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {tier: front}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: web, image: nginx:1.25, ports: [{containerPort: 80}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, labels: {tier: back}}
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers:
                  - {name: api, image: api:1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec: {selector: {app: api}, ports: [{port: 8080}]}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {keep: "yes", drop: "x"}
            """,
        "more-replicas.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 4
            """,
        "sidecar.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: proxy
                    image: envoy:1
                  - name: web
                    resources: {limits: {cpu: 500m}}
            """,
        "api-ops.yaml": """
            - op: add
              path: /spec/replicas
              value: 2
            - op: add
              path: /spec/template/spec/containers/0/args
              value: ["--verbose"]
            """,
    ]

    /// A base and an overlay over it: prefixes from both, generator merge and replace, labels with and without
    /// selectors, annotations, images, replicas, a namespace.
    static let overlay: [String: String] = [
        "base/kustomization.yaml": """
            namePrefix: base-
            commonLabels:
              app: shop
            resources:
            - deploy.yaml
            configMapGenerator:
            - name: settings
              literals: [colour=blue, size=small]
            - name: replaced
              literals: [old=1]
            """,
        "base/deploy.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {role: web}}
              template:
                metadata: {labels: {role: web}}
                spec:
                  initContainers:
                  - {name: init, image: busybox}
                  containers:
                  - name: web
                    image: registry.local:5000/team/web:1.0
                    envFrom: [{configMapRef: {name: settings}}, {configMapRef: {name: replaced}}]
                  - {name: side, image: "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{port: 80}]
            """,
        "overlay/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: prod
            namePrefix: prod-
            resources:
            - ../base
            labels:
            - pairs: {env: prod}
              includeSelectors: true
            - pairs: {team: a}
              includeTemplates: true
            - pairs: {owner: ops}
            commonAnnotations:
              contact: "ops@example.com"
            configMapGenerator:
            - name: settings
              behavior: merge
              literals: [size=large, extra=1]
            - name: replaced
              behavior: replace
              literals: [new=2]
            images:
            - name: registry.local:5000/team/web
              newTag: "2.0"
            - name: busybox
              newName: docker.io/library/busybox
              newTag: "1.36"
            - name: nginx
              newName: mirror/nginx
            replicas:
            - name: web
              count: 5
            """,
    ]

    /// A file written as bytes that are not UTF-8 (kustomize puts such a file in `binaryData`).
    static let binaryMarker = "<not UTF-8>"

    /// Writes `files` under a new scratch directory and returns it.
    static func write(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-\(UUID().uuidString)")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (text == binaryMarker ? Data([0xFF, 0xFE, 0x00, 0x41, 0x0A]) : Data(text.utf8)).write(to: url)
        }
        return root
    }
}
