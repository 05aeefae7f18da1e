/// The API field documentation (k8s.io/api `types_swagger_doc_generated.go` at v0.32.4) that kube-apiserver
/// copies into Table column descriptions; kubectl shows none of it, but API clients read it.
enum APIFieldDocs {
    // MARK: - meta/v1

    /// `ObjectMeta.name`
    static let objectMetaName =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"

    /// `ObjectMeta.creationTimestamp`
    static let objectMetaCreationTimestamp =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    // MARK: - core/v1

    /// `PodStatus.podIP`
    static let podStatusPodIP =
        "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."

    /// `PodSpec.nodeName`
    static let podSpecNodeName =
        "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"

    /// `PodStatus.nominatedNodeName`
    static let podStatusNominatedNodeName =
        "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled."

    /// `PodSpec.readinessGates`
    static let podSpecReadinessGates =
        "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"

    /// `ReplicationControllerSpec.replicas`
    static let replicationControllerSpecReplicas =
        "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"

    /// `ReplicationControllerStatus.replicas`
    static let replicationControllerStatusReplicas =
        "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller"

    /// `ReplicationControllerStatus.readyReplicas`
    static let replicationControllerStatusReadyReplicas =
        "The number of ready replicas for this replication controller."

    /// `ReplicationControllerSpec.selector`
    static let replicationControllerSpecSelector =
        "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"

    /// `ServiceSpec.type`
    static let serviceSpecType =
        "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"

    /// `ServiceSpec.clusterIP`
    static let serviceSpecClusterIP =
        "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"

    /// `ServiceSpec.externalIPs`
    static let serviceSpecExternalIPs =
        "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."

    /// `ServiceSpec.ports`
    static let serviceSpecPorts =
        "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"

    /// `ServiceSpec.selector`
    static let serviceSpecSelector =
        "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/"

    /// `Endpoints.subsets`
    static let endpointsSubsets =
        "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."

    /// `NodeSystemInfo.kubeletVersion`
    static let nodeSystemInfoKubeletVersion = "Kubelet Version reported by the node."

    /// `NodeStatus.addresses`
    static let nodeStatusAddresses =
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP)."

    /// `NodeSystemInfo.osImage`
    static let nodeSystemInfoOsImage =
        "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."

    /// `NodeSystemInfo.kernelVersion`
    static let nodeSystemInfoKernelVersion =
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."

    /// `NodeSystemInfo.containerRuntimeVersion`
    static let nodeSystemInfoContainerRuntimeVersion =
        "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."

    /// `Event.lastTimestamp`
    static let eventLastTimestamp = "The time at which the most recent occurrence of this event was recorded."

    /// `Event.type`
    static let eventType = "Type of this event (Normal, Warning), new types could be added in the future"

    /// `Event.reason`
    static let eventReason =
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."

    /// `Event.involvedObject`
    static let eventInvolvedObject = "The object that this event is about."

    /// `ObjectReference.fieldPath`
    static let objectReferenceFieldPath =
        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object."

    /// `Event.source`
    static let eventSource = "The component reporting this event. Should be a short machine understandable string."

    /// `Event.message`
    static let eventMessage = "A human-readable description of the status of this operation."

    /// `Event.firstTimestamp`
    static let eventFirstTimestamp =
        "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"

    /// `Event.count`
    static let eventCount = "The number of times this event has occurred."

    /// `Secret.type`
    static let secretType =
        "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"

    /// `Secret.data`
    static let secretData =
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"

    /// `ServiceAccount.secrets`
    static let serviceAccountSecrets =
        "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a \"kubernetes.io/enforce-mountable-secrets\" annotation set to \"true\". The \"kubernetes.io/enforce-mountable-secrets\" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret"

    /// `PersistentVolumeSpec.capacity`
    static let persistentVolumeSpecCapacity =
        "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"

    /// `PersistentVolumeSpec.accessModes`
    static let persistentVolumeSpecAccessModes =
        "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"

    /// `PersistentVolumeSpec.persistentVolumeReclaimPolicy`
    static let persistentVolumeSpecPersistentVolumeReclaimPolicy =
        "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"

    /// `PersistentVolumeStatus.phase`
    static let persistentVolumeStatusPhase =
        "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"

    /// `PersistentVolumeSpec.claimRef`
    static let persistentVolumeSpecClaimRef =
        "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"

    /// `PersistentVolumeStatus.reason`
    static let persistentVolumeStatusReason =
        "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."

    /// `PersistentVolumeSpec.volumeMode`
    static let persistentVolumeSpecVolumeMode =
        "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec."

    /// `PersistentVolumeClaimStatus.phase`
    static let persistentVolumeClaimStatusPhase = "phase represents the current phase of PersistentVolumeClaim."

    /// `PersistentVolumeClaimSpec.volumeName`
    static let persistentVolumeClaimSpecVolumeName =
        "volumeName is the binding reference to the PersistentVolume backing this claim."

    /// `PersistentVolumeClaimStatus.capacity`
    static let persistentVolumeClaimStatusCapacity =
        "capacity represents the actual resources of the underlying volume."

    /// `PersistentVolumeClaimStatus.accessModes`
    static let persistentVolumeClaimStatusAccessModes =
        "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"

    /// `PersistentVolumeClaimSpec.volumeMode`
    static let persistentVolumeClaimSpecVolumeMode =
        "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."

    /// `ConfigMap.data`
    static let configMapData =
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."

    /// `PodSpec.nodeSelector`
    static let podSpecNodeSelector =
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"

    // MARK: - extensions/v1beta1

    /// `ReplicaSetSpec.replicas`
    static let replicaSetSpecReplicas =
        "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"

    /// `ReplicaSetStatus.replicas`
    static let replicaSetStatusReplicas =
        "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"

    /// `ReplicaSetStatus.readyReplicas`
    static let replicaSetStatusReadyReplicas = "The number of ready replicas for this replica set."

    /// `ReplicaSetSpec.selector`
    static let replicaSetSpecSelector =
        "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"

    /// `DaemonSetStatus.desiredNumberScheduled`
    static let daemonSetStatusDesiredNumberScheduled =
        "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"

    /// `DaemonSetStatus.currentNumberScheduled`
    static let daemonSetStatusCurrentNumberScheduled =
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"

    /// `DaemonSetStatus.numberReady`
    static let daemonSetStatusNumberReady =
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."

    /// `DaemonSetStatus.updatedNumberScheduled`
    static let daemonSetStatusUpdatedNumberScheduled = "The total number of nodes that are running updated daemon pod"

    /// `DaemonSetStatus.numberAvailable`
    static let daemonSetStatusNumberAvailable =
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"

    /// `DaemonSetSpec.selector`
    static let daemonSetSpecSelector =
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"

    /// `DeploymentStatus.updatedReplicas`
    static let deploymentStatusUpdatedReplicas =
        "Total number of non-terminated pods targeted by this deployment that have the desired template spec."

    /// `DeploymentStatus.availableReplicas`
    static let deploymentStatusAvailableReplicas =
        "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."

    /// `DeploymentSpec.selector`
    static let deploymentSpecSelector =
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."

    /// `NetworkPolicySpec.podSelector`
    static let networkPolicySpecPodSelector =
        "Selects the pods to which this NetworkPolicy object applies.  The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods.  In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace."

    // MARK: - batch/v1

    /// `JobStatus.succeeded`
    static let jobStatusSucceeded =
        "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs."

    /// `JobSpec.selector`
    static let jobSpecSelector =
        "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"

    // MARK: - batch/v1beta1

    /// `CronJobSpec.schedule`
    static let cronJobSpecSchedule = "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."

    /// `CronJobSpec.timeZone`
    static let cronJobSpecTimeZone =
        "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"

    /// `CronJobSpec.suspend`
    static let cronJobSpecSuspend =
        "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."

    /// `CronJobStatus.active`
    static let cronJobStatusActive = "A list of pointers to currently running jobs."

    /// `CronJobStatus.lastScheduleTime`
    static let cronJobStatusLastScheduleTime = "Information when was the last time the job was successfully scheduled."

    // MARK: - rbac/v1beta1

    /// `RoleBinding.roleRef`
    static let roleBindingRoleRef =
        "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."

    /// `ClusterRoleBinding.roleRef`
    static let clusterRoleBindingRoleRef =
        "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."

    // MARK: - coordination/v1

    /// `LeaseSpec.holderIdentity`
    static let leaseSpecHolderIdentity =
        "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."

    // MARK: - scheduling/v1

    /// `PriorityClass.value`
    static let priorityClassValue =
        "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."

    /// `PriorityClass.globalDefault`
    static let priorityClassGlobalDefault =
        "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority."

    /// `PriorityClass.preemptionPolicy`
    static let priorityClassPreemptionPolicy =
        "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."

    // MARK: - discovery/v1beta1

    /// `EndpointSlice.addressType`
    static let endpointSliceAddressType =
        "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."

    /// `EndpointSlice.ports`
    static let endpointSlicePorts =
        "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."

    /// `EndpointSlice.endpoints`
    static let endpointSliceEndpoints =
        "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."

    // MARK: - apps/v1beta1

    /// `ControllerRevision.revision`
    static let controllerRevisionRevision = "revision indicates the revision of the state represented by Data."

    // MARK: - flowcontrol/v1

    /// `PriorityLevelConfigurationReference.name`
    static let priorityLevelConfigurationReferenceName =
        "`name` is the name of the priority level configuration being referenced Required."

    /// `FlowSchemaSpec.matchingPrecedence`
    static let flowSchemaSpecMatchingPrecedence =
        "`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default."

    /// `FlowSchemaSpec.distinguisherMethod`
    static let flowSchemaSpecDistinguisherMethod =
        "`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string."

    /// `PriorityLevelConfigurationSpec.type`
    static let priorityLevelConfigurationSpecType =
        "`type` indicates whether this priority level is subject to limitation on request execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server's limited capacity is made available exclusively to this priority level. Required."

    /// `LimitedPriorityLevelConfiguration.nominalConcurrencyShares`
    static let limitedPriorityLevelConfigurationNominalConcurrencyShares =
        "`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level. This is the number of execution seats available at this priority level. This is used both for requests dispatched from this priority level as well as requests dispatched from other priority levels borrowing seats from this level. The server's concurrency limit (ServerCL) is divided among the Limited priority levels in proportion to their NCS values:\n\nNominalCL(i)  = ceil( ServerCL * NCS(i) / sum_ncs ) sum_ncs = sum[priority level k] NCS(k)\n\nBigger numbers mean a larger nominal concurrency limit, at the expense of every other priority level.\n\nIf not specified, this field defaults to a value of 30.\n\nSetting this field to zero supports the construction of a \"jail\" for this priority level that is used to hold some request(s)"

    /// `QueuingConfiguration.queues`
    static let queuingConfigurationQueues =
        "`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64."

    /// `QueuingConfiguration.handSize`
    static let queuingConfigurationHandSize =
        "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.  When enqueuing a request at this priority level the request's flow identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues and deal a hand of the size specified here.  The request is put into one of the shortest queues in that hand. `handSize` must be no larger than `queues`, and should be significantly smaller (so that a few heavy flows do not saturate most of the queues).  See the user-facing documentation for more extensive guidance on setting this field.  This field has a default value of 8."

    /// `QueuingConfiguration.queueLengthLimit`
    static let queuingConfigurationQueueLengthLimit =
        "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50."

    // MARK: - certificates/v1beta1

    /// `CertificateSigningRequestSpec.signerName`
    static let certificateSigningRequestSpecSignerName =
        "Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`. If empty, it will be defaulted:\n 1. If it's a kubelet client certificate, it is assigned\n    \"kubernetes.io/kube-apiserver-client-kubelet\".\n 2. If it's a kubelet serving certificate, it is assigned\n    \"kubernetes.io/kubelet-serving\".\n 3. Otherwise, it is assigned \"kubernetes.io/legacy-unknown\".\nDistribution of trust for signers happens out of band. You can select on this field using `spec.signerName`."

    /// `CertificateSigningRequestSpec.request`
    static let certificateSigningRequestSpecRequest = "Base64-encoded PKCS#10 CSR data"

    /// `CertificateSigningRequestSpec.expirationSeconds`
    static let certificateSigningRequestSpecExpirationSeconds =
        "expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.\n\nThe v1.22+ in-tree implementations of the well-known Kubernetes signers will honor this field as long as the requested duration is not greater than the maximum duration they will honor per the --cluster-signing-duration CLI flag to the Kubernetes controller manager.\n\nCertificate signers may not honor this field for various reasons:\n\n  1. Old signer that is unaware of the field (such as the in-tree\n     implementations prior to v1.22)\n  2. Signer whose configured maximum is shorter than the requested duration\n  3. Signer whose configured minimum is longer than the requested duration\n\nThe minimum valid value for expirationSeconds is 600, i.e. 10 minutes."

    /// `CertificateSigningRequestStatus.conditions`
    static let certificateSigningRequestStatusConditions =
        "Conditions applied to the request, such as approval or denial."
}
